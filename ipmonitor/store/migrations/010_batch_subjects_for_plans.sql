-- Issue 17: a batch may also change the plan register (plans, targets, tasks, agencies) or record a plan
-- review. DuckDB cannot change a CHECK with ALTER, so the small table is rebuilt with the wider list
-- and its rows copied; nothing references it. The subjects' own tables come in later migrations.
CREATE TABLE batch_subject_widened (
    batch_id INTEGER PRIMARY KEY REFERENCES load_batch (batch_id),
    subject  VARCHAR NOT NULL
             CHECK (subject IN ('task_status', 'report_receipt', 'plan_register', 'plan_review'))
);
INSERT INTO batch_subject_widened SELECT batch_id, subject FROM batch_subject;
DROP TABLE batch_subject;
ALTER TABLE batch_subject_widened RENAME TO batch_subject;
