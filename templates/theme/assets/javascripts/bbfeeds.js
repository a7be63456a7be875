/* The Atom feeds' <link rel="alternate" type="application/atom+xml"> in every page's head (issue 18).
 *
 * Material 9.x takes every link[rel=alternate] for another language of the site and fetches
 * sitemap.xml beside it (squidfunk/mkdocs-material#8576, fixed in zensical/ui#213 by matching only
 * links with hreflang): for feeds/index.xml that is a request for feeds/sitemap.xml, a 404 on every
 * page load, and from file:// a blocked request in the console. Its one query for those links
 * (that exact selector, run before any page script can act) is answered without the feeds; every
 * other query, and the markup feed readers look for, stay as they are. Loaded before Material's bundle.
 */
(function () {
  "use strict";
  var query = Document.prototype.querySelectorAll;
  Document.prototype.querySelectorAll = function (selector) {
    var found = query.apply(this, arguments);
    if (selector !== "link[rel=alternate]") return found;
    return Array.prototype.filter.call(found, function (link) {
      return link.getAttribute("type") !== "application/atom+xml";
    });
  };
})();
