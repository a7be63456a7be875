"""From the corpus to what readers get: Markdown pages, pictures, the MkDocs site, print HTML and PDFs."""
