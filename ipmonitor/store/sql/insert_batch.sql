INSERT INTO load_batch (kind, loaded_by, loaded_at, file_name, sha256, rows_added, rows_changed,
                        rows_unchanged, rows_withdrawn, note, reverts_batch)
VALUES ($kind, $loaded_by, $loaded_at, $file_name, $sha256, $rows_added,
        $rows_changed, $rows_unchanged, $rows_withdrawn, $note, $reverts_batch)
RETURNING batch_id
