document.getElementById("print-receipt")?.addEventListener("click", () => window.print());
