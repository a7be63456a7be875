/* bbsearch: stand-in until briefbook build writes the index */
__bbsearchFile("bbsearch.json","eyJtaXNzaW5nIjogInRoZSBzZWFyY2ggc3RlcCBvZiBicmllZmJvb2sgYnVpbGQgaGFzIG5vdCBydW46IG5vIFBhZ2VmaW5kIGluZGV4IiwgImxhbmd1YWdlcyI6IHt9fQo=");
