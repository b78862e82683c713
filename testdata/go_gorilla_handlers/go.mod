module example.com/uploads

go 1.19

require github.com/gorilla/handlers v1.5.1
