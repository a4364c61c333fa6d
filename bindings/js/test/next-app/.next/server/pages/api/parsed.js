var R=require("../../chunks/[turbopack]_runtime.js")("server/pages/api/parsed.js")
R.c("server/chunks/[externals]__15f9tc00u_yh5._.js")
R.c("server/chunks/[root-of-the-server]__1mmxe-9hq66uf._.js")
R.m(18273)
module.exports=R.m(18273).exports
