// The partner gateway: go-chi/cors in front of a plain ServeMux.
package main

import (
	"log"
	"net/http"
	"os"
	"strings"

	"github.com/go-chi/cors"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/quotes", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"quotes": []}`))
	})

	handler := cors.Handler(cors.Options{
		AllowOriginFunc: func(r *http.Request, origin string) bool {
			return strings.HasSuffix(origin, "partner.com") // expect: COR206
		},
		AllowedMethods:   []string{"GET", "POST", "OPTIONS"},
		AllowedHeaders:   []string{"Authorization", "Content-Type"},
		AllowCredentials: true,
	})(mux)

	log.Fatal(http.ListenAndServe(":"+port, handler))
}
