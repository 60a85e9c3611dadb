"""What a batch changes (figures, tracker records, reviews, the plan register), as the preview before a
commit and History after it show it."""
