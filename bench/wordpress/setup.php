<?php
// Installs Debian's WordPress (if not yet installed) and adds the benchmark essay from
// bench/wordpress/export_essay.py with its 200 comments, threaded, all on one page, as
// WordPress shows them by default. Prints the essay's address.
//
//     php bench/wordpress/setup.php ESSAY.json PORT
[$script, $essay_file, $port] = $argv + [null, null, '8098'];
$_SERVER['HTTP_HOST'] = "127.0.0.1:$port";  // Debian's wp-config.php picks its config by host
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require_once '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (!is_blog_installed()) {
    wp_install('Marginalia bench', 'admin', 'admin@example.com', true, '', wp_generate_password(24));
}
update_option('page_comments', 0);
update_option('thread_comments', 1);
update_option('thread_comments_depth', 10);
update_option('permalink_structure', '');
$data = json_decode(file_get_contents($essay_file), true);
$post = get_page_by_path($data['slug'], OBJECT, 'post');
if (!$post) {
    $post_id = wp_insert_post([
        'post_title' => $data['title'], 'post_name' => $data['slug'],
        'post_excerpt' => $data['dek'], 'post_content' => $data['content'],
        'post_status' => 'publish', 'comment_status' => 'open', 'post_author' => 1,
    ]);
    $ids = [];
    foreach ($data['comments'] as $c) {
        $ids[$c['pk']] = wp_insert_comment([
            'comment_post_ID' => $post_id, 'comment_author' => $c['author_name'],
            'comment_author_email' => $c['author_email'], 'comment_author_url' => $c['author_url'],
            'comment_content' => $c['body_html'], 'comment_approved' => 1,
            'comment_parent' => $c['parent_id'] ? $ids[$c['parent_id']] : 0,
            'comment_date' => $c['submitted_at'], 'comment_date_gmt' => $c['submitted_at'],
        ]);
    }
} else {
    $post_id = $post->ID;
}
echo "http://127.0.0.1:$port/?p=$post_id\n";
