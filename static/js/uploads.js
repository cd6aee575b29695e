// The documents step, enhanced: files are sent with a progress bar, straight to the bucket when the page
// offers a presigned upload (data-presign-url), else to the portal's own upload URL. The portal verifies
// every file either way. Without this script the same forms post through the portal.
(function () {
  "use strict";
  var box = document.querySelector("[data-upload-messages]");
  if (!box || !window.FormData || !window.XMLHttpRequest) { return; }

  function text(name, values) {
    var message = box.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { message = message.split("{" + key + "}").join(values[key]); });
    return message;
  }

  function csrfToken(form) { return form.querySelector("input[name=csrfmiddlewaretoken]").value; }

  function parts(form) {
    return {
      input: form.querySelector("input[type=file]"),
      group: form.querySelector("[data-upload-group]"),
      error: form.querySelector("[data-upload-error]"),
      progressBox: form.querySelector("[data-upload-progress]"),
      progress: form.querySelector("[data-upload-progress] progress"),
      status: form.querySelector("[data-upload-status]"),
      button: form.querySelector("button[type=submit]")
    };
  }

  function showError(form, message, extra) {
    var p = parts(form);
    p.error.textContent = message;
    if (extra) { p.error.appendChild(document.createTextNode(" ")); p.error.appendChild(extra); }
    p.error.hidden = false;
    p.group.classList.add("ontario-form-group--error");
    p.input.classList.add("ontario-input--error");
    p.input.setAttribute("aria-invalid", "true");
    p.progressBox.hidden = true;
    p.button.disabled = false;
    p.input.focus();
  }

  function clearError(form) {
    var p = parts(form);
    p.error.hidden = true;
    p.error.textContent = "";
    p.group.classList.remove("ontario-form-group--error");
    p.input.classList.remove("ontario-input--error");
    p.input.removeAttribute("aria-invalid");
  }

  function showProgress(form, name, percent) {
    var p = parts(form);
    p.progressBox.hidden = false;
    p.progress.value = percent;
    // Announce in steps of 10 % so that screen readers are not flooded.
    var step = Math.floor(percent / 10) * 10;
    if (p.status.getAttribute("data-step") !== String(step)) {
      p.status.setAttribute("data-step", String(step));
      p.status.textContent = text("uploading") + " " + name + ": " + step + " %";
    }
  }

  function checking(form) {
    var p = parts(form);
    p.progress.value = 100;
    p.status.textContent = text("checking");
  }

  // POST with upload progress; resolves with the XHR once the response is in.
  function send(url, body, onProgress, headers) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      Object.keys(headers || {}).forEach(function (key) { xhr.setRequestHeader(key, headers[key]); });
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) { onProgress(Math.round(100 * event.loaded / event.total)); }
      });
      xhr.addEventListener("load", function () { resolve(xhr); });
      xhr.addEventListener("error", function () { reject(new Error("network")); });
      xhr.addEventListener("abort", function () { reject(new Error("network")); });
      xhr.send(body);
    });
  }

  function portalJson(form, url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return { error: text("failed") }; });
    });
  }

  function field(form, name) {
    var input = form.querySelector("input[name=" + name + "]");
    return input ? input.value : "";
  }

  // Straight to the bucket: presign, POST the file to S3, then ask the portal to verify it.
  function uploadDirect(form, file) {
    return portalJson(form, form.getAttribute("data-presign-url"), {
      document_type: field(form, "document_type"), replaces: field(form, "replaces"),
      name: file.name, size: String(file.size)
    }).then(function (presigned) {
      if (presigned.error) { throw new Error(presigned.error); }
      var body = new FormData();
      Object.keys(presigned.fields).forEach(function (key) { body.append(key, presigned.fields[key]); });
      body.append("file", file);
      return send(presigned.url, body, function (percent) { showProgress(form, file.name, percent); })
        .catch(function () { throw new Error(text("unavailable")); })
        .then(function (xhr) {
          if (xhr.status === 400 && xhr.responseText.indexOf("EntityTooLarge") !== -1) {
            throw new Error(text("too-large", { name: file.name }));
          }
          if (xhr.status < 200 || xhr.status >= 300) { throw new Error(text("failed")); }
          checking(form);
          return portalJson(form, presigned.confirm_url, { key: presigned.key });
        });
    }).then(function (confirmed) {
      if (confirmed.error) { throw new Error(confirmed.error); }
      return confirmed.redirect;
    });
  }

  // Through the portal, with the same form the page posts without JavaScript.
  function uploadThroughPortal(form, files) {
    var body = new FormData(form);
    return send(form.action, body, function (percent) { showProgress(form, files.map(function (f) { return f.name; }).join(", "), percent); },
      { "Accept": "application/json", "X-CSRFToken": csrfToken(form) })
      .catch(function () { throw new Error(text("failed")); })
      .then(function (xhr) {
        var answer;
        try { answer = JSON.parse(xhr.responseText); } catch (e) { throw new Error(text("failed")); }
        return answer.redirect;
      });
  }

  // Show the page the portal names, with its messages; a change of #fragment alone would not reload it.
  function go(redirect) {
    var target = new URL(redirect || window.location.href, window.location.href);
    if (target.pathname === window.location.pathname && target.search === window.location.search) {
      window.location.hash = target.hash;
      window.location.reload();
    } else {
      window.location.assign(target.href);
    }
  }

  document.querySelectorAll("form[data-remove]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(text("confirm-remove", { name: form.getAttribute("data-remove") }))) { event.preventDefault(); }
    });
  });

  document.querySelectorAll("form.document-upload").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var p = parts(form);
      var files = Array.prototype.slice.call(p.input.files || []);
      var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
      clearError(form);
      if (!files.length) { showError(form, text("choose")); return; }
      for (var i = 0; i < files.length; i++) {
        if (files[i].size === 0) { showError(form, text("empty", { name: files[i].name })); return; }
        if (files[i].size > limit) { showError(form, text("too-large", { name: files[i].name })); return; }
      }
      p.button.disabled = true;
      var done;
      if (form.hasAttribute("data-presign-url")) {
        var uploaded = 0;
        done = files.reduce(function (previous, file) {
          return previous.then(function () {
            return uploadDirect(form, file).then(function (redirect) { uploaded += 1; return redirect; });
          });
        }, Promise.resolve()).catch(function (error) {
          if (uploaded) {  // the files before this one are in; a reload lists them
            var reload = document.createElement("a");
            reload.href = window.location.pathname;
            reload.textContent = box.getAttribute("data-msg-reload");
            error.reload = reload;
          }
          throw error;
        });
      } else {
        done = uploadThroughPortal(form, files);
      }
      done.then(go).catch(function (error) { showError(form, error.message, error.reload); });
    });
  });
}());
