-- Marks a batch as a tracker batch (a figure batch has no row).
INSERT INTO batch_subject (batch_id, subject) VALUES ($batch_id, $subject)
