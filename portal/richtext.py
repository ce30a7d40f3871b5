"""What editors may use in the portal's rich text: one list for paragraphs in page bodies, bulletin
introductions and any app's rich text that reads like a page's prose."""

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]
