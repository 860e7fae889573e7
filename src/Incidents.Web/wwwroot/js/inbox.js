// The notification bell's browser side: the Notification API (with the person's permission) and an optional sound.
const soundKey = "incidents.sound";

export function permission() {
    return "Notification" in window ? Notification.permission : "unsupported";
}

export async function requestPermission() {
    if (!("Notification" in window)) {
        return "unsupported";
    }
    return await Notification.requestPermission();
}

export function soundOn() {
    return localStorage.getItem(soundKey) === "on";
}

export function setSound(on) {
    localStorage.setItem(soundKey, on ? "on" : "off");
}

// A page: a system notification when allowed (clicking it opens the incident), and two short tones when the sound is on.
export function announce(title, body, url, tag) {
    let shown = false;
    if ("Notification" in window && Notification.permission === "granted") {
        const note = new Notification(title, { body, tag, requireInteraction: true });
        note.onclick = () => {
            window.focus();
            window.location.href = url;
            note.close();
        };
        shown = true;
    }
    if (soundOn()) {
        beep();
    }
    return shown;
}

function beep() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
        return;
    }
    const audio = new Context();
    [0, 0.25].forEach((start, i) => {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = i === 0 ? 880 : 660;
        gain.gain.setValueAtTime(0.2, audio.currentTime + start);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + 0.2);
        tone.connect(gain).connect(audio.destination);
        tone.start(audio.currentTime + start);
        tone.stop(audio.currentTime + start + 0.2);
    });
    setTimeout(() => audio.close(), 1000);
}
