// Live call page: the microphone as 16 kHz mono PCM over the /ws/call WebSocket (docs/call-protocol.md),
// the transcript and warnings shown as they come back.
(function () {
  "use strict";
  var RATE = 16000;
  var FRAME = RATE / 10; // send every 100 ms
  var panel = document.getElementById("call");
  if (!panel) { return; }
  panel.hidden = false;
  var startButton = document.getElementById("call-start");
  var stopButton = document.getElementById("call-stop");
  var statusLine = document.getElementById("call-status");
  var alertBox = document.getElementById("call-alert");
  var alertMessage = document.getElementById("call-alert-message");
  var alertTactics = document.getElementById("call-alert-tactics");
  var transcript = document.getElementById("call-transcript");
  var STATES = {
    listening: "Listening. Nothing worrying so far.",
    unsure: "Be careful: some things said are used by scammers.",
    alert: "Warning: this sounds like a scam."
  };
  var socket = null, context = null, stream = null, pending = [], pendingLength = 0;

  function say(text) { statusLine.textContent = text; }

  function showTurn(event) {
    var id = "turn-" + event.turn;
    var item = document.getElementById(id);
    if (!event.text) { if (item) { item.remove(); } return; }
    if (!item) {
      item = document.createElement("li");
      item.id = id;
      transcript.appendChild(item);
    }
    item.textContent = event.text;
    item.className = event.final ? "" : "call-partial";
  }

  function showAlert(event) {
    alertMessage.textContent = event.message;
    (event.tactics || []).forEach(function (tactic) {
      var item = document.createElement("li");
      var name = document.createElement("strong");
      name.textContent = tactic.name;
      item.appendChild(name);
      if (tactic.evidence && tactic.evidence.length) {
        item.appendChild(document.createTextNode(": \u201c" + tactic.evidence[0] + "\u201d"));
      }
      alertTactics.appendChild(item);
    });
    alertBox.hidden = false;
    say(STATES.alert);
  }

  function onMessage(message) {
    if (typeof message.data !== "string") { return; }
    var event = JSON.parse(message.data);
    if (event.type === "ready") { say(STATES.listening); }
    else if (event.type === "transcript") { showTurn(event); }
    else if (event.type === "state" && STATES[event.state] && alertBox.hidden) { say(STATES[event.state]); }
    else if (event.type === "alert") { showAlert(event); }
    else if (event.type === "error") { stop("Listening stopped: " + event.message); }
  }

  function send(samples) {
    pending.push(samples);
    pendingLength += samples.length;
    if (pendingLength < FRAME || !socket || socket.readyState !== WebSocket.OPEN) { return; }
    var pcm = new Int16Array(pendingLength), offset = 0;
    pending.forEach(function (chunk) {
      for (var i = 0; i < chunk.length; i++) {
        var s = Math.max(-1, Math.min(1, chunk[i]));
        pcm[offset++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      }
    });
    pending = []; pendingLength = 0;
    socket.send(pcm.buffer);
  }

  function stop(text) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify({ type: "end" })); }
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    if (context) { context.close(); }
    stream = null; context = null;
    startButton.hidden = false; stopButton.hidden = true;
    if (text) { say(text); }
  }

  async function start() {
    startButton.hidden = true; stopButton.hidden = false;
    alertBox.hidden = true; alertTactics.textContent = ""; transcript.textContent = "";
    say("Starting. Your browser may ask to use the microphone.");
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: true }
      });
      context = new AudioContext({ sampleRate: RATE });
      await context.audioWorklet.addModule("/static/js/call-worklet.js");
      var source = context.createMediaStreamSource(stream);
      var forwarder = new AudioWorkletNode(context, "pcm-forwarder");
      forwarder.port.onmessage = function (message) { send(message.data); };
      source.connect(forwarder);
    } catch (error) {
      stop("The microphone could not be used (" + error.name + "). Check that this site may use it.");
      return;
    }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/call");
    socket.binaryType = "arraybuffer";
    socket.onopen = function () {
      socket.send(JSON.stringify({ type: "start", sample_rate: RATE, channels: 1, format: "pcm_s16le" }));
    };
    socket.onmessage = onMessage;
    socket.onclose = function () { if (stream) { stop("Listening stopped: the connection to the server closed."); } };
  }

  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", function () { stop("Not listening."); });
})();
