var R=require("../../../chunks/[turbopack]_runtime.js")("server/app/api/later/route.js")
R.c("server/chunks/[externals]__16x8rwr1h64rj._.js")
R.c("server/chunks/[root-of-the-server]__0q1_cl-85g8j-._.js")
R.c("server/chunks/js_test_next-app__next-internal_server_app_api_later_route_actions_1sybdbf814_vt.js")
R.m(7206)
module.exports=R.m(7206).exports
