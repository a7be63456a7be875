/* bbsearch: an empty stand-in for Material's search index, so that a page opened from the
   file system never fails on a missing search/search_index.js. The post-build step writes
   the same stub; Material's offline plugin, when enabled, replaces it with the full index. */
var __index = {"config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [], "fields": {}}, "docs": []};
