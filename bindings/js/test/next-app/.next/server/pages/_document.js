var R=require("../chunks/ssr/[turbopack]_runtime.js")("server/pages/_document.js")
R.c("server/chunks/ssr/[externals]__1f6rxoem8k2bi._.js")
R.c("server/chunks/ssr/[root-of-the-server]__1a16hm-jh6bxm._.js")
R.c("server/chunks/ssr/[root-of-the-server]__213_-ztqm1qka._.js")
R.m(39141)
module.exports=R.m(39141).exports
