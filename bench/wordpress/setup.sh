#!/bin/sh
# The optional WordPress reference of `make bench`: Debian's WordPress 6 (Apache with mod_php,
# MariaDB, no page cache) serving bench/dataset.py's 200-comment essay on 127.0.0.1:8098.
# Run as root from the project root; then `WORDPRESS_URL=<the printed address> make bench`.
# It installs packages and starts MariaDB and Apache (stop them with
# `apache2 -f "$PWD/bench/wordpress/apache.conf" -k stop` and `mysqladmin shutdown`).
set -eu
PORT=8098
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends wordpress mariadb-server apache2 \
  libapache2-mod-php php-mysql >/dev/null
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
if ! mysqladmin ping >/dev/null 2>&1; then
  (setsid /usr/sbin/mariadbd --user=mysql >/tmp/marginalia-wp-mariadb.log 2>&1 &)
  for _ in $(seq 50); do mysqladmin ping >/dev/null 2>&1 && break; sleep 0.2; done
fi
PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
mysql -uroot -e "CREATE DATABASE IF NOT EXISTS wp_bench;
  CREATE USER IF NOT EXISTS 'wp_bench'@'localhost';
  ALTER USER 'wp_bench'@'localhost' IDENTIFIED BY '$PASSWORD';
  GRANT ALL ON wp_bench.* TO 'wp_bench'@'localhost';"
cat >/etc/wordpress/config-127.0.0.1.php <<PHP
<?php
define('DB_NAME', 'wp_bench');
define('DB_USER', 'wp_bench');
define('DB_PASSWORD', '$PASSWORD');
define('DB_HOST', 'localhost');
define('WP_HOME', 'http://127.0.0.1:$PORT');
define('WP_SITEURL', 'http://127.0.0.1:$PORT');
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
PHP
.venv/bin/python bench/wordpress/export_essay.py /tmp/marginalia-wp-essay.json
php bench/wordpress/setup.php /tmp/marginalia-wp-essay.json $PORT 2>/dev/null | tail -1
apache2 -f "$PWD/bench/wordpress/apache.conf" -k start
