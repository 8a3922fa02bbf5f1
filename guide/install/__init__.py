"""Installing Dalil and its guide on machines without network.

- `safe_zip`: extracting archives that may be hostile (traversal, symlinks, bombs);
- `checksums`: SHA-256 sums in the format `sha256sum -c` reads;
- `update_archive`: the guide-and-catalog update archive trainers hand out;
- `guide_check`: the validation an update must pass before it is installed;
- `guide_store`: the installed update in the user data dir, switched atomically, with rollback;
- `active`: the light look-up `guide.paths` uses to prefer an installed update;
- `locations`: the user data folder (platformdirs "dalil", or $DALIL_DATA_DIR);
- `bundle`: the offline installation bundle (wheels, install scripts, checksums);
- `wheel_set`: whether a folder of wheels is complete for a target platform and Python.
"""
