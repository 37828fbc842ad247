// Audio worklet: passes the microphone's samples (mono, at the context's 16 kHz) to the page.
class PcmForwarder extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel && channel.length) {
      this.port.postMessage(channel.slice(0));
    }
    return true;
  }
}
registerProcessor("pcm-forwarder", PcmForwarder);
