// textContent
