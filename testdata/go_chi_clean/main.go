// The inventory service: go-chi/cors with an allow-list and one subdomain pattern.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/go-chi/cors"
)

var trustedOrigins = []string{
	"https://shop.example.com",
	"https://*.staging.example.com",
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/stock", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"stock": []}`))
	})
	c := cors.New(cors.Options{
		AllowedOrigins:   trustedOrigins,
		AllowedMethods:   []string{"GET"},
		AllowCredentials: true,
		MaxAge:           300,
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, c.Handler(mux)))
}
