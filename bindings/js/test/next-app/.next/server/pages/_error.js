var R=require("../chunks/ssr/[turbopack]_runtime.js")("server/pages/_error.js")
R.c("server/chunks/ssr/[externals]__1io84bpx55iv2._.js")
R.c("server/chunks/ssr/node_modules_0hfbmg9963a82._.js")
R.c("server/chunks/ssr/[externals]__1f6rxoem8k2bi._.js")
R.c("server/chunks/ssr/[root-of-the-server]__1a16hm-jh6bxm._.js")
R.c("server/chunks/ssr/[root-of-the-server]__213_-ztqm1qka._.js")
R.c("server/chunks/ssr/node_modules_next_1_o5zxs01k1z6._.js")
R.m(25695)
module.exports=R.m(25695).exports
