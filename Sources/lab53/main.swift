print("lab53")
