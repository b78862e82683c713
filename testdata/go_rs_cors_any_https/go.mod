module example.com/profile

go 1.19

require github.com/rs/cors v1.7.0
