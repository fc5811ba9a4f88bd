import logging
import time


class UTCFormatter(logging.Formatter):
    """Log timestamps in UTC with an explicit offset, as security logs require."""

    converter = time.gmtime

    def formatTime(self, record, datefmt=None):
        return time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created)) + (
            f".{int(record.msecs):03d}Z"
        )
