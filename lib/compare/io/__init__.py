"""The only layer that touches the disk: raw files, decoding and atomic writes, schemas, loaders, graph files."""
