module.exports=[54799,(a,b,c)=>{b.exports=a.x("crypto",()=>require("crypto"))},93695,(a,b,c)=>{b.exports=a.x("next/dist/shared/lib/no-fallback-error.external.js",()=>require("next/dist/shared/lib/no-fallback-error.external.js"))},81111,(a,b,c)=>{b.exports=a.x("node:stream",()=>require("node:stream"))}];

//# sourceMappingURL=%5Bexternals%5D__1io84bpx55iv2._.js.map