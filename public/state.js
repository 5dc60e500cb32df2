// The loader's probe, in a hidden frame on the hub's origin: does this visitor already have a
// conversation with the site, or had the chat open in this tab? Only then does the loader
// load the widget before the visitor reaches for the launcher (for the unread count and to
// reopen the panel). It reads the widget's own storage and tells the page nothing more.
(function () {
  var q = new URLSearchParams(location.search), site = q.get("site"), on = false;
  try {
    on = !!(localStorage.getItem("baton:conversation:" + site) ||
      sessionStorage.getItem("baton:open:" + site));
  } catch (e) {}
  try {
    parent.postMessage({ type: "baton:state", on: on }, q.get("host"));
  } catch (e) {}
})();
