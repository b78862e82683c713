// The profile API: "any https site" written as a wildcard pattern, with cookies.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/rs/cors"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/profile", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"name": "Ada"}`))
	})
	c := cors.New(cors.Options{
		AllowedOrigins:   []string{"https://*"}, // expect: COR101
		AllowCredentials: true,
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, c.Handler(mux)))
}
