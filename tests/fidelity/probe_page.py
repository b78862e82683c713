"""The attacker's page: served at every origin of the battery, it runs fetch() probes
against the applications and returns what the page could see.

`runProbes(probes)` runs in the page's own origin; `runProbesAsNull(probes)` runs the same
code in a sandboxed iframe (sandbox="allow-scripts", no allow-same-origin), whose origin is
the opaque origin serialised as `null`, and relays the results with postMessage.
"""

PROBE_SCRIPT = r"""
async function probeOne(p) {
  const init = {method: p.method, headers: p.headers || {}, credentials: p.credentials,
                mode: 'cors', cache: 'no-store'};
  try {
    const response = await fetch(p.url, init);
    const body = await response.text();
    const header = p.readHeader ? response.headers.get(p.readHeader) : null;
    return {id: p.id, ok: true, status: response.status, body: body.slice(0, 200), header: header};
  } catch (error) {
    return {id: p.id, ok: false, error: String(error)};
  }
}
async function runProbes(probes) {
  const results = [];
  const queue = probes.slice();
  async function worker() {
    while (queue.length) { const p = queue.shift(); results.push(await probeOne(p)); }
  }
  await Promise.all(Array.from({length: 12}, worker));
  return {origin: self.origin, secure: self.isSecureContext, results: results};
}
"""

PAGE = """<!doctype html>
<meta charset="utf-8"><title>corslint fidelity probe</title>
<script>
%(script)s
function runProbesAsNull(probes) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    window.addEventListener('message', (event) => { if (event.source === frame.contentWindow) resolve(event.data); });
    frame.srcdoc = '<script>' + %(script_json)s +
      'runProbes(' + JSON.stringify(probes) + ').then(r => parent.postMessage(r, "*"));<' + '/script>';
    document.body.appendChild(frame);
  });
}
</script>
<body></body>
"""


def page() -> str:
    import json
    return PAGE % {"script": PROBE_SCRIPT, "script_json": json.dumps(PROBE_SCRIPT)}
