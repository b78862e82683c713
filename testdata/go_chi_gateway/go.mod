module example.com/gateway

go 1.19

require github.com/go-chi/cors v1.2.1
