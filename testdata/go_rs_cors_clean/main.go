// The catalogue API: rs/cors with an explicit allow-list and subdomain patterns.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/rs/cors"
)

var allowedOrigins = strings.Split(getEnv("CORS_ORIGINS", "https://shop.example.com,https://admin.example.com"), ",")

func getEnv(key, fallback string) string {
	if value := os.Getenv(key); value != "" {
		return value
	}
	return fallback
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/products/list", listProducts)
	mux.HandleFunc("/api/products", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"products": []}`)
	})

	handler := cors.New(cors.Options{
		AllowedOrigins:   append(allowedOrigins, "https://*.preview.example.com"),
		AllowedHeaders:   []string{"Authorization", "Content-Type"},
		ExposedHeaders:   []string{"X-Total-Count"},
		AllowCredentials: true,
		MaxAge:           600,
	}).Handler(mux)

	log.Fatal(http.ListenAndServe(":"+getEnv("PORT", "8080"), handler))
}
