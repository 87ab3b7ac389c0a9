"""Analytics: a programme's or an agency's figures by month, folded from the events into a ledger held in memory
(`ledger`), counted distinct over ranges (`distinct`), and answered as cells a k-anonymous answer can withhold
(`figures`)."""
