__turbopack_load_page_chunks__("/_app", [
  "static/chunks/40f_kmk2dd8g5.js",
  "static/chunks/3o5h6ltz42a4x.js",
  "static/chunks/turbopack-077hmtqrhcoji.js"
])
