// The chat widget renders its greeting, including the AI disclosure, in the browser.
fetch("greeting.json").then(function (r) { return r.json(); }).then(function (data) {
  var box = document.createElement("div");
  box.className = "chat";
  var p = document.createElement("p");
  p.textContent = data.greeting;
  box.appendChild(p);
  var form = document.createElement("form");
  form.innerHTML = '<input name="q" aria-label="Your question"><button type="button">Send</button>';
  box.appendChild(form);
  document.getElementById("app").appendChild(box);
});
