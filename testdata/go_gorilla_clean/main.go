// The media service: gorilla/handlers CORS with an exact allow-list.
package main

import (
	"log"
	"net/http"
	"os"

	"github.com/gorilla/handlers"
)

const frontend = "https://media.example.com"

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/media", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"media": []}`))
	})
	cors := handlers.CORS(
		handlers.AllowedOrigins([]string{frontend, "https://admin.example.com"}),
		handlers.AllowCredentials(),
		handlers.ExposedHeaders([]string{"Content-Range"}),
		handlers.MaxAge(86400), // capped at 600 seconds by gorilla/handlers itself
	)
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, cors(mux)))
}
