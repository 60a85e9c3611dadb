"""The plan tracker: task statuses and report receipts as recorded, the task and receipt boards, the
on-time rules, the summaries for the Overview and the documents, and the plan's reviews."""
