"""A build: articles in, a validated and traceable graph out. The pipeline extracts each article;
batches, the ledger and the builder plan the work, load the store and keep it current."""
