print("lab53d")
