// The billing service: CORS headers written by hand in a net/http middleware.
package main

import (
	"log"
	"net/http"
	"os"
	"strings"
)

func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		if strings.HasPrefix(origin, "https://billing.example.com") { // expect: COR206
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Access-Control-Allow-Credentials", "true")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func invoices(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin")) // expect: COR102
	w.Header().Set("Access-Control-Max-Age", "1209600")                 // expect: COR305
	w.Write([]byte(`{"invoices": []}`))
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/invoices", invoices)
	mux.Handle("/api/", withCORS(http.NotFoundHandler()))
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Fatal(http.ListenAndServe(":"+port, mux))
}
