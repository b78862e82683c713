// The orders API behind the storefront: net/http with github.com/rs/cors.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/rs/cors"
)

const storefront = "https://shop.example.com"

func getEnv(key, fallback string) string {
	if value, ok := os.LookupEnv(key); ok {
		return value
	}
	return fallback
}

func orders(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string][]string{"orders": {}})
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/orders", orders)
	mux.HandleFunc("/api/orders/list", listOrders)

	c := cors.New(cors.Options{
		AllowedOrigins: []string{
			storefront,
			"https://*example.com", // expect: COR204
			"https://*.vercel.app", // expect: COR108
			"null",                 // expect: COR105
			"https://admin.example.com/", // expect: COR302
		},
		AllowedMethods:   []string{"GET", "POST"},
		AllowCredentials: true,
		MaxAge:           7 * 24 * 3600, // expect: COR305
	})

	log.Fatal(http.ListenAndServe(":"+getEnv("PORT", "8080"), c.Handler(mux)))
}
