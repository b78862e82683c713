package main

import (
	"net/http"
	"strconv"
)

// listOrders pages through orders; the storefront reads the total from a header.
func listOrders(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Total-Count", strconv.Itoa(0)) // expect: COR503
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`[]`))
}
