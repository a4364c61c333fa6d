var R=require("../chunks/ssr/[turbopack]_runtime.js")("server/pages/_app.js")
R.c("server/chunks/ssr/node_modules_next_1_o5zxs01k1z6._.js")
R.c("server/chunks/ssr/[root-of-the-server]__1n5g0o5cdvtiy._.js")
R.m(6555)
module.exports=R.m(6555).exports
