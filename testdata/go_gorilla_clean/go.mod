module example.com/media

go 1.19

require github.com/gorilla/handlers v1.5.1
