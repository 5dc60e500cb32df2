/*! Baton loader: docs/embed.md */
((w,d,B)=>{
if(B?.loaded)return;
let me=d.currentScript||[...d.scripts].find(s=>/\/baton\.js$/.test(s.src)),
D=me?me.dataset:{},T={},H={},Q=[],O=0,Y=0,U=0,W="",F,
hub=me&&new URL(me.src).origin,
q=new URLSearchParams({...D,host:location.origin}),
mq=w.matchMedia("(max-width:480px)"),
mk=t=>d.createElement(t),
st=(s,v,k="baton:"+D.site)=>{try{s=w[s];return v?s.setItem(k,1):v==0?s.removeItem(k):s.getItem(k)}catch{}},
at=(e,k,v)=>e.setAttribute(k,v),
str=v=>typeof v=="string",
css=(e,s)=>s.split(";").map(p=>(p=p.split(/:(.*)/),e.style.setProperty(p[0],p[1],"important"))),
num=(v,z)=>(v=parseInt(v))>=0&&v<999?v:z,
opt=(k,v=T[k])=>D[k]??(str(v)||v===+v?""+v:""),
ink=(c,n=parseInt((c.length==4?c.replace(/\w/g,"$&$&"):c).slice(1),16))=>/^#(\w{3}){1,2}$/.test(c)&&(n>>16)*.299+(n>>8&255)*.587+(n&255)*.114>186?"#111":"#fff",
host=mk("div"),R=host.attachShadow({mode:"closed"}),
btn=mk("button"),L=mk("span"),X=mk("span"),
svg=d.createElementNS("http://www.w3.org/2000/svg","svg"),
paint=()=>{
let l=/left/.test(opt("position")),s=l?"left":"right",a=l?"right":"left",
x=num(opt("offsetX"),20),y=num(opt("offsetY"),20),r=num(opt("radius"),16),
t=opt("label"),c=opt("accent")||"#1a56db",f=opt("font")||"system-ui",
p=mq.matches,b=`all:initial;box-sizing:border-box;position:fixed;${a}:auto;`,u=U?`(${U}) `:"";
L.textContent=t;
X.textContent=U;
at(svg.firstChild,"d",T.icon||"M3 4h18v13H9l-5 4v-4H3z");
u==W||(d.title=u+d.title.replace(W,""),W=u);
at(btn,"aria-label",(t||"Chat")+(U?` (${U})`:""));
at(btn,"aria-expanded",!!O);
css(host,b+"direction:ltr;display:block;z-index:9999999999");
css(btn,`${b}display:${O&&p?"none":"flex"};align-items:center;gap:8px;bottom:${y}px;${s}:${x}px;height:56px;min-width:56px;padding:0 ${t?"20px 0 16px":"15px"};border-radius:${Math.min(2*r,28)}px;background:${c};color:${ink(c)};cursor:pointer;font:600 15px/1 ${f};box-shadow:0 4px 16px #0004;outline:revert`);
L.hidden=!t;
X.hidden=!u;
css(X,`position:absolute;top:-4px;${a}:-4px;padding:0 6px;border-radius:10px;background:#d93025;color:#fff;font:700 12px/20px ${f}`);
F&&css(F,`${b}visibility:${O?"visible":"hidden"};`+(p?"inset:0;width:100%;height:100%":`bottom:${y+72}px;${s}:${x}px;width:min(380px,100vw - 32px);height:min(640px,100vh - ${y+88}px);border-radius:${r}px;box-shadow:0 8px 32px #0005`))
},
frame=(u,k=mk("iframe"))=>(k.title=opt("label")||"Chat",k.allow="",k.src=hub+u+q,R.append(k),k),
load=()=>F||(F=frame("/widget/?"),paint()),
send=m=>Y?F.contentWindow.postMessage(m,hub):Q.push(m),
emit=(n,v)=>(H[n]||[]).map(f=>setTimeout(f,0,v)),
open=(o,z)=>{
if(o==O)return;
o&&load();
O=o;
st("sessionStorage",o);
paint();
send({type:o?"baton:open":"baton:close"});
o?z||F.focus():d.activeElement==host&&btn.focus();
emit(o?"open":"close")
},
api=(c,a,f,m={type:"baton:identify"})=>{
/^(open|close|toggle)$/.test(c)&&open(c=="toggle"?!O:c=="open");
if(c=="identify"&&a){
for(let k of["name","email","phone","signature"])str(a[k])&&(m[k]=a[k]);
send(m)
}
if(c=="on"&&f?.call&&/^(ready|open|close|message|handoff)$/.test(a)){
(H[a]=H[a]||[]).push(f);
a=="ready"&&Y&&emit(a)
}
};
if(!D.site)return;
w.addEventListener("message",(e,m=e.data,t=m?.type)=>{
if(e.origin!==hub)return;
if(e.source!==F?.contentWindow)return;
if(t=="baton:ready"&&!Y){
Y=1;
Q.splice(0).map(send);
emit("ready");
m.open&&open(1,1)
}
t=="baton:close"&&open(0);
t=="baton:state"&&st("localStorage",m.on);
t=="baton:unread"&&m.count===m.count>>>0&&(U=m.count,paint());
t=="baton:message"&&str(m.author)&&str(m.text)&&emit("message",{author:m.author,text:m.text});
t=="baton:handoff"&&str(m.team)&&emit("handoff",{team:m.team})
});
at(svg,"viewBox","0 0 24 24");
svg.append(d.createElementNS(svg.namespaceURI,"path"));
btn.append(svg,L,X);
host.t=t=>{T=t;R.prepend(btn);host.showPopover?.();paint()};
host.append(mk("script"));
host.firstChild.src=hub+"/embed-check.js?"+q;
btn.onclick=()=>open(!O);
btn.onpointerenter=btn.onfocus=load;
css(svg,"width:26px;height:26px;fill:currentColor");
mq.onchange=paint;
css(host,"display:none");
host.popover="manual";
d.documentElement.append(host);
let idle=()=>(w.requestIdleCallback||setTimeout)(()=>(st("localStorage")||st("sessionStorage"))&&load());
d.readyState=="complete"?idle():w.addEventListener("load",idle);
(w.Baton=api).loaded=1;
B?.q?.map(a=>api(...a))
})(window,document,window.Baton)
