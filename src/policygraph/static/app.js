// The query page: YASGUI on this server's endpoint, with the named queries as examples.
// Everything comes from this server; nothing is fetched from elsewhere.
(function () {
  "use strict";
  const endpoint = new URL("/sparql", window.location.href).toString();
  document.getElementById("endpoint").textContent = endpoint;

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    persistenceId: "policygraph-" + window.location.host,
    yasqe: { prefixCcApi: null },
  });
  window.yasgui = yasgui;

  const picker = document.getElementById("examples");
  const description = document.getElementById("example-description");
  const queries = {};

  fetch("/queries.json")
    .then((response) => response.json())
    .then((list) => {
      const groups = {};
      for (const query of list) {
        queries[query.name] = query;
        if (!groups[query.group]) {
          groups[query.group] = document.createElement("optgroup");
          groups[query.group].label = query.group;
          picker.appendChild(groups[query.group]);
        }
        const option = document.createElement("option");
        option.value = query.name;
        option.textContent = query.title ? query.name + " — " + query.title : query.name;
        option.title = query.description;
        groups[query.group].appendChild(option);
      }
    })
    .catch((error) => { description.textContent = "Named queries unavailable: " + error; });

  picker.addEventListener("change", () => {
    const query = queries[picker.value];
    if (!query) return;
    description.textContent = [query.title, query.description].filter(Boolean).join(": ");
    const tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(query.query);
  });

  fetch("/health")
    .then((response) => response.json())
    .then((health) => {
      document.getElementById("limits").textContent =
        health.triples + " triples · time limit " + health.timeout + " s · at most " +
        health.max_rows + " rows";
    })
    .catch(() => {});
})();
