// Autocomplete: ask the suggest API as the tourist types (debounced). A static file, so
// the Content Security Policy needs no inline script.
(function () {
  const input = document.getElementById("search-q");
  const list = document.getElementById("search-suggestions");
  if (!input || !list) { return; }
  let timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(async function () {
      if (input.value.trim().length < 2) { list.replaceChildren(); return; }
      const url = input.dataset.suggestUrl + "?lang=" + encodeURIComponent(input.dataset.lang) +
        "&q=" + encodeURIComponent(input.value);
      const data = await (await fetch(url)).json();
      list.replaceChildren(...data.suggestions.map(function (s) {
        const option = document.createElement("option"); option.value = s.text; return option;
      }));
    }, 150);
  });
})();
