// Small helpers the portal calls through JS interop.
window.incidents = {
    scrollToEnd: (element) => {
        if (element) {
            element.scrollTop = element.scrollHeight;
        }
    },
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || null,
    locale: () => navigator.language || null,
    copyText: async (text) => {
        if (navigator.clipboard && window.isSecureContext) {
            await navigator.clipboard.writeText(text);
            return;
        }
        const area = document.createElement("textarea");
        area.value = text;
        document.body.appendChild(area);
        area.select();
        document.execCommand("copy");
        area.remove();
    },
};
