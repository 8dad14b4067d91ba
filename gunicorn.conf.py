"""gunicorn reads this file from the project folder (make run, and the production command in
the README). A search text of 500 characters, percent-encoded, needs a longer request line than
gunicorn's default of 4094 bytes; 8190 is its maximum."""

limit_request_line = 8190
