// The wallboard stays live without a circuit: the server says "changed" over Server-Sent Events (coalesced, and once a
// minute anyway), and the page fetches itself and swaps the board in place. EventSource reconnects on its own.
(() => {
    const marker = document.querySelector("[data-wallboard-events]");
    if (!marker || !window.EventSource) {
        return;
    }

    let busy = false;
    const refresh = async () => {
        if (busy) {
            return;
        }
        busy = true;
        try {
            const response = await fetch(window.location.href, { headers: { "Accept": "text/html" }, cache: "no-store" });
            if (response.ok) {
                const html = new DOMParser().parseFromString(await response.text(), "text/html");
                const next = html.getElementById("wallboard");
                const current = document.getElementById("wallboard");
                if (next && current) {
                    current.replaceWith(next);
                }
            }
        } finally {
            busy = false;
        }
    };

    const events = new EventSource(marker.getAttribute("data-wallboard-events"));
    events.addEventListener("changed", refresh);
    // A revoked link: reload, and the page says the link no longer works.
    events.addEventListener("revoked", () => {
        events.close();
        window.location.reload();
    });
})();
