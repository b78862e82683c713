// The uploads service: gorilla/handlers CORS, configured as its README shows.
package main

import (
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/gorilla/handlers"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/uploads", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"uploads": []}`))
	})

	headersOk := handlers.AllowedHeaders([]string{"X-Requested-With", "Content-Type"})
	originsOk := handlers.AllowedOriginValidator(func(origin string) bool {
		return strings.Contains(origin, "uploads.example.com") // expect: COR206
	})
	methodsOk := handlers.AllowedMethods([]string{"GET", "HEAD", "POST", "PUT", "OPTIONS"})

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, handlers.CORS(originsOk, headersOk, methodsOk,
		handlers.AllowCredentials(), handlers.MaxAge(86400*7))(mux)))
}
