// The sessions API: "*" with credentials, as a quick-start guide suggested.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/rs/cors"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/session", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"user": null}`))
	})
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"*"}, // expect: COR101
		AllowCredentials: true,
		AllowedHeaders:   []string{"Content-Type", "Cookie"}, // expect: COR308
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, c.Handler(mux)))
}
