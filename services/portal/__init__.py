"""The portal: the web pages workers and managers use, built only on the other services' public REST APIs."""
